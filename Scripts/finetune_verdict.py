"""Prints a fine-tuning result's before -> after against 2 s.e. (used by the sweep scripts).

    python3 Scripts/finetune_verdict.py RESULT.json NAME
"""
import json
import sys

d = json.load(open(sys.argv[1]))
b, a = d["before"], d["after"]
threshold = 2 * (b["standard_error"] ** 2 + a["standard_error"] ** 2) ** 0.5
print(f'{sys.argv[2]}: {b["mean"]:.1f} ± {b["std"]:.1f} -> {a["mean"]:.1f} ± {a["std"]:.1f}, '
      f'Δ {a["mean"] - b["mean"]:+.1f} vs 2 s.e. {threshold:.1f}')
