"""Writes numpy_trig_f32.json: Float32 inputs with NumPy's np.cos/np.sin results (as bit patterns).

Run by hand in a virtual environment with numpy 2.x (checked with 2.4.6 on an AVX-512 CPU):
    python make_numpy_trig_fixture.py
Cases: inputs in Acrobot's reset range where NumPy's Float32 result differs from float32(math.cos/sin)
(the cases glibc would get wrong), random inputs in [-10, 10], large inputs on both sides of NumPy's
Cody-Waite limits (libm fallback), and signed zeros.
"""
import json
import math

import numpy as np

rng = np.random.default_rng(7)
small = rng.uniform(-0.1, 0.1, 2_000_000).astype(np.float32)
hard = [x for x in small[:400_000]
        if np.cos(x) != np.float32(math.cos(float(x))) or np.sin(x) != np.float32(math.sin(float(x)))][:300]
inputs = np.concatenate([
    np.array(hard, dtype=np.float32),
    rng.uniform(-10, 10, 300).astype(np.float32),
    np.array([71476.0625, 71476.07, -71476.07, 117435.992, 117436.0, 1e6, -3e7, 0.0, -0.0, np.pi / 2],
             dtype=np.float32),
])
bits = lambda a: [int(v) for v in a.view(np.uint32)]
json.dump({"numpy": np.__version__, "inputs": bits(inputs), "cos": bits(np.cos(inputs)), "sin": bits(np.sin(inputs))},
          open("numpy_trig_f32.json", "w"))
print(len(hard), "hard cases,", len(inputs), "inputs")
