"""Tables of ratios from a bench_sdt_vs_pytorch.sh results file (JSON lines from both sides)."""
import json
import sys

ours, dt, peer, norse = {}, {}, {}, {}
for line in open(sys.argv[1]):
    try:
        r = json.loads(line)
    except ValueError:
        continue
    if r.get("lib") == "spikingmind" and r["model"] == "dsformer":
        ours[(r["hidden"], r["attention"], r["norm"], r["threads"])] = r
    elif r.get("lib") == "spikingmind" and r["model"] == "snndt":
        norse.setdefault((r["time_steps"], r["threads"]), {})["ours"] = r
    elif r.get("lib") == "spikingmind-dt":
        dt[r["hidden"]] = r["action_median_milliseconds"]
    elif r.get("script") == "bench_dsformer" and r.get("kind") == "train_step":
        peer.setdefault((r["hidden"], r["attn"], r["norm"], r["threads"]), {})["train"] = r["train_step_ms_median"]
    elif r.get("script") == "bench_dsformer" and r.get("kind") == "inference_latency" and r["call"] == "forward":
        peer.setdefault((r["hidden"], r["attn"], r["norm"], r["threads"]), {})["latency"] = r["median_us"] / 1000
    elif r.get("script") == "bench_sdt" and r.get("kind") == "train_step":
        norse.setdefault((r["T"], r["threads"]), {})["train"] = r["train_step_ms_median"]
    elif r.get("script") == "bench_sdt" and r.get("kind") == "inference_latency" and r["call"] == "forward":
        norse.setdefault((r["T"], r["threads"]), {})["latency"] = r["median_us"] / 1000

nan = float("nan")
print("Decision SpikeFormer vs PyTorch (dsformer_ref.py), hopper dims, batch 64, K 20, T 4")
print(f"{'D':>4} {'attn':5} {'norm':5} {'thr':>3} {'ours train':>10} {'torch':>8} {'ratio':>6} {'ours act':>9} {'torch':>7} "
      f"{'ratio':>6} {'our DT act':>10} {'vs DT':>6} {'rate':>6}")
for key in sorted(ours):
    o, t = ours[key], peer.get(key, {})
    train, lat = o["train_step_milliseconds"], o["action_median_milliseconds"]
    d = dt.get(key[0], nan)
    print(f"{key[0]:4d} {key[1]:5} {key[2]:5} {key[3]:3d} {train:10.1f} {t.get('train', nan):8.1f} "
          f"{train / t.get('train', nan):6.2f} {lat:9.3f} {t.get('latency', nan):7.3f} {lat / t.get('latency', nan):6.3f} "
          f"{d:10.3f} {lat / d:6.2f} {o['firing_rate']:6.3f}")
print()
print("SNN-DT (ours, Norse LIF) vs PyTorch + Norse spiking DT (bench_sdt.py), hopper dims, D 128, 3 layers")
print(f"{'T':>3} {'thr':>3} {'ours train':>10} {'norse':>8} {'ratio':>6} {'ours act':>9} {'norse':>7} {'ratio':>6}")
for key in sorted(norse):
    row = norse[key]
    o = row.get("ours")
    if not o:
        continue
    train, lat = o["train_step_milliseconds"], o["action_median_milliseconds"]
    print(f"{key[0]:3d} {key[1]:3d} {train:10.1f} {row.get('train', nan):8.1f} {train / row.get('train', nan):6.2f} "
          f"{lat:9.3f} {row.get('latency', nan):7.3f} {lat / row.get('latency', nan):6.3f}")
print("raw results:", sys.argv[1])
