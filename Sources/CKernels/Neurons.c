#include "CKernels.h"
#include "Kernels.h"

// Multi-step spiking neurons over a time window: inputs and outputs are `steps × count` (time major,
// `count` neurons contiguous per step). Each forward is one pass over time with the state in registers,
// each backward one reverse pass through the membrane recurrence with the surrogate derivative; no
// per-step tape nodes. Spike counts are returned by the forwards (free: the same loop).

/// ∂spike/∂y at `y = membrane − threshold` for the surrogate `kind` with parameter `a`.
static inline float smr_surrogate(int kind, float a, float y) {
  switch (kind) {
  case SMR_SURROGATE_BOX: {
    float magnitude = y < 0 ? -y : y;
    return magnitude < a ? 0.5f / a : 0.0f;
  }
  case SMR_SURROGATE_SUPERSPIKE: {
    float magnitude = y < 0 ? -y : y;
    float root = a * magnitude + 1.0f;
    return 1.0f / (root * root);
  }
  case SMR_SURROGATE_SIGMOID: {
    float s = 1.0f / (1.0f + smr_expf(-a * y));
    return a * s * (1.0f - s);
  }
  default: {  // SMR_SURROGATE_ATAN
    float z = 1.5707963267948966f * a * y;
    return 0.5f * a / (1.0f + z * z);
  }
  }
}

/// Runs the statements `...` once for the surrogate `kind`, with `S` that surrogate as a constant: each case is
/// compiled on its own, so a vectorised loop evaluates one surrogate instead of all four and a blend (the DSFormer
/// LIF backward spent most of its time in the unused sigmoid's exponential). The same values as `smr_surrogate(kind, …)`.
#define SMR_WITH_SURROGATE(kind, ...)                                                                           \
  switch (kind) {                                                                                              \
  case SMR_SURROGATE_BOX: { enum { S = SMR_SURROGATE_BOX }; __VA_ARGS__ } break;                               \
  case SMR_SURROGATE_SUPERSPIKE: { enum { S = SMR_SURROGATE_SUPERSPIKE }; __VA_ARGS__ } break;                 \
  case SMR_SURROGATE_SIGMOID: { enum { S = SMR_SURROGATE_SIGMOID }; __VA_ARGS__ } break;                       \
  default: { enum { S = SMR_SURROGATE_ATAN }; __VA_ARGS__ } break;                                             \
  }

SMR_DISPATCH
static long smr_count_ones(const float *spikes, long count) {
  long total = 0;
  for (long i = 0; i < count; i++) total += spikes[i] != 0.0f;
  return total;
}

SMR_DISPATCH
long smr_lif_dsformer_forward(const float *x, long steps, long count, float decay, float threshold, float *membrane,
                              float *spikes) {
  for (long t = 0; t < steps; t++) {
    const float *xt = x + t * count;
    float *ut = membrane + t * count, *st = spikes + t * count;
    if (t == 0) {
      for (long i = 0; i < count; i++) {
        ut[i] = xt[i];
        st[i] = xt[i] > threshold ? 1.0f : 0.0f;
      }
    } else {
      const float *up = ut - count, *sp = st - count;
      for (long i = 0; i < count; i++) {
        float u = up[i] * decay * (1.0f - sp[i]) + xt[i];
        ut[i] = u;
        st[i] = u > threshold ? 1.0f : 0.0f;
      }
    }
  }
  return smr_count_ones(spikes, steps * count);
}

SMR_DISPATCH
int smr_box_support_empty(const float *u, long count, float threshold, float half_width) {
  for (long base = 0; base < count; base += 1024) {  // blocks, so a support hit ends the scan early
    long end = count - base < 1024 ? count : base + 1024;
    int inside = 0;
    for (long i = base; i < end; i++) {
      float y = u[i] - threshold;
      float magnitude = y < 0 ? -y : y;
      inside |= magnitude < half_width;
    }
    if (inside) return 0;
  }
  return 1;
}

/// Neurons per chunk of `smr_lif_dsformer_spikes`: a chunk's membranes stay in L1 over all steps.
#define SMR_SPIKES_CHUNK 256

SMR_DISPATCH
long smr_lif_dsformer_spikes(const float *x, long steps, long count, float decay, float threshold, float *spikes) {
  long total = 0;
  for (long base = 0; base < count; base += SMR_SPIKES_CHUNK) {
    long width = count - base < SMR_SPIKES_CHUNK ? count - base : SMR_SPIKES_CHUNK;
    float u[SMR_SPIKES_CHUNK];
    for (long t = 0; t < steps; t++) {
      const float *xt = x + t * count + base;
      float *st = spikes + t * count + base;
      if (t == 0) {
        for (long i = 0; i < width; i++) u[i] = xt[i];
      } else {
        const float *sp = st - count;
        for (long i = 0; i < width; i++) u[i] = u[i] * decay * (1.0f - sp[i]) + xt[i];
      }
      for (long i = 0; i < width; i++) {
        st[i] = u[i] > threshold ? 1.0f : 0.0f;
        total += u[i] > threshold;
      }
    }
  }
  return total;
}

SMR_DISPATCH
void smr_lif_dsformer_backward(const float *spike_grad, const float *membrane, long steps, long count, float decay,
                               float threshold, int surrogate, float parameter, float *input_grad) {
  SMR_WITH_SURROGATE(surrogate,
  for (long t = steps - 1; t >= 0; t--) {
    const float *g = spike_grad + t * count, *u = membrane + t * count;
    float *dx = input_grad + t * count;
    if (t == steps - 1) {
      for (long i = 0; i < count; i++) dx[i] = g[i] * smr_surrogate(S, parameter, u[i] - threshold);
    } else {
      // u_{t+1} = decay·u_t·(1 − s_t) + x_{t+1}, the reset detached: ∂u_{t+1}/∂u_t = decay·(1 − s_t).
      const float *next = dx + count;
      for (long i = 0; i < count; i++) {
        float keep = u[i] > threshold ? 0.0f : 1.0f;
        dx[i] = g[i] * smr_surrogate(S, parameter, u[i] - threshold) + next[i] * decay * keep;
      }
    }
  })
}

/// Neurons per chunk of the recurrent kernels: the state of a chunk stays in registers/L1 over all steps.
#define SMR_CHUNK 64

SMR_DISPATCH
long smr_lif_norse_forward(const float *x, long steps, long count, const smr_norse_parameters *p, float *v_decayed,
                           float *v_state, float *i_state, float *spikes) {
  const float a_mem = p->a_mem, a_syn = p->a_syn, v_leak = p->v_leak, v_th = p->v_th, v_reset = p->v_reset;
  for (long base = 0; base < count; base += SMR_CHUNK) {
    long width = count - base < SMR_CHUNK ? count - base : SMR_CHUNK;
    float v[SMR_CHUNK], i[SMR_CHUNK];
    for (long n = 0; n < width; n++) {
      v[n] = v_leak;
      i[n] = 0.0f;
    }
    for (long t = 0; t < steps; t++) {
      long at = t * count + base;
      for (long n = 0; n < width; n++) {
        // Norse's lif_feed_forward_step, in its order of operations.
        float jump = i[n] + x[at + n];
        float decayed = v[n] + a_mem * ((v_leak - v[n]) + jump);
        i[n] = jump + -a_syn * jump;
        float z = decayed - v_th > 0.0f ? 1.0f : 0.0f;
        v[n] = (1.0f - z) * decayed + z * v_reset;
        v_decayed[at + n] = decayed;
        spikes[at + n] = z;
      }
      if (v_state)
        for (long n = 0; n < width; n++) v_state[at + n] = v[n];
      if (i_state)
        for (long n = 0; n < width; n++) i_state[at + n] = i[n];
    }
  }
  return smr_count_ones(spikes, steps * count);
}

SMR_DISPATCH
long smr_lif_norse_count(const float *x, long steps, long count, const smr_norse_parameters *p, float *counts) {
  const float a_mem = p->a_mem, a_syn = p->a_syn, v_leak = p->v_leak, v_th = p->v_th, v_reset = p->v_reset;
  long total = 0;
  for (long base = 0; base < count; base += SMR_CHUNK) {
    long width = count - base < SMR_CHUNK ? count - base : SMR_CHUNK;
    float v[SMR_CHUNK], i[SMR_CHUNK], c[SMR_CHUNK];
    for (long n = 0; n < width; n++) {
      v[n] = v_leak;
      i[n] = 0.0f;
      c[n] = 0.0f;
    }
    for (long t = 0; t < steps; t++) {
      long at = t * count + base;
      for (long n = 0; n < width; n++) {  // smr_lif_norse_forward's step, in its order of operations
        float jump = i[n] + x[at + n];
        float decayed = v[n] + a_mem * ((v_leak - v[n]) + jump);
        i[n] = jump + -a_syn * jump;
        float z = decayed - v_th > 0.0f ? 1.0f : 0.0f;
        v[n] = (1.0f - z) * decayed + z * v_reset;
        c[n] = c[n] + z;
      }
    }
    for (long n = 0; n < width; n++) {  // whole counts ≤ steps: an integer sum (vectorised), not a float chain
      counts[base + n] = c[n];
      total += (long)c[n];
    }
  }
  return total;
}

SMR_DISPATCH
void smr_lif_norse_backward(const float *spike_grad, const float *v_decayed, long steps, long count,
                            const smr_norse_parameters *p, int surrogate, float parameter, int detach_reset,
                            float *input_grad) {
  const float a_mem = p->a_mem, a_syn = p->a_syn, v_th = p->v_th, v_reset = p->v_reset;
  const float reset_weight = detach_reset ? 0.0f : 1.0f;
  SMR_WITH_SURROGATE(surrogate,
  for (long base = 0; base < count; base += SMR_CHUNK) {
    long width = count - base < SMR_CHUNK ? count - base : SMR_CHUNK;
    float gv[SMR_CHUNK], gi[SMR_CHUNK];  // gradients of the state (v, i) leaving step t
    for (long n = 0; n < width; n++) gv[n] = gi[n] = 0.0f;
    for (long t = steps - 1; t >= 0; t--) {
      long at = t * count + base;
      for (long n = 0; n < width; n++) {
        float decayed = v_decayed[at + n];
        float z = decayed - v_th > 0.0f ? 1.0f : 0.0f;
        // v_new = (1 − z)·v' + z·v_reset; z = H(v' − v_th) with the surrogate.
        float dz = spike_grad[at + n] + reset_weight * gv[n] * (v_reset - decayed);
        float dv1 = gv[n] * (1.0f - z) + dz * smr_surrogate(S, parameter, decayed - v_th);
        // v' = v + a_mem·((v_leak − v) + i'), i' = i + x, i'' = (1 − a_syn)·i'.
        float di1 = dv1 * a_mem + gi[n] * (1.0f - a_syn);
        input_grad[at + n] = di1;
        gv[n] = dv1 * (1.0f - a_mem);
        gi[n] = di1;
      }
    }
  })
}

SMR_DISPATCH
long smr_lif_jelly_forward(const float *x, long steps, long count, const smr_jelly_parameters *p, float *charged,
                           float *spikes) {
  const float tau = p->tau, v_th = p->v_th, v_reset = p->v_reset;
  const int leak = p->leak, decay_input = p->decay_input, soft = p->soft_reset;
  for (long base = 0; base < count; base += SMR_CHUNK) {
    long width = count - base < SMR_CHUNK ? count - base : SMR_CHUNK;
    float v[SMR_CHUNK];
    for (long n = 0; n < width; n++) v[n] = soft ? 0.0f : v_reset;
    for (long t = 0; t < steps; t++) {
      long at = t * count + base;
      for (long n = 0; n < width; n++) {
        float input = x[at + n], h;
        if (!leak) h = v[n] + input;
        else if (decay_input) h = v[n] + (input - (v[n] - v_reset)) / tau;
        else h = v[n] - (v[n] - v_reset) / tau + input;
        float s = h - v_th >= 0.0f ? 1.0f : 0.0f;  // SpikingJelly's heaviside: 1 at 0
        v[n] = soft ? h - s * v_th : (1.0f - s) * h + s * v_reset;
        charged[at + n] = h;
        spikes[at + n] = s;
      }
    }
  }
  return smr_count_ones(spikes, steps * count);
}

SMR_DISPATCH
void smr_lif_jelly_backward(const float *spike_grad, const float *charged, long steps, long count,
                            const smr_jelly_parameters *p, int surrogate, float parameter, int detach_reset,
                            float *input_grad) {
  const float tau = p->tau, v_th = p->v_th, v_reset = p->v_reset;
  const int leak = p->leak, decay_input = p->decay_input, soft = p->soft_reset;
  const float reset_weight = detach_reset ? 0.0f : 1.0f;
  const float input_scale = leak && decay_input ? 1.0f / tau : 1.0f;
  const float carry = leak ? 1.0f - 1.0f / tau : 1.0f;
  SMR_WITH_SURROGATE(surrogate,
  for (long base = 0; base < count; base += SMR_CHUNK) {
    long width = count - base < SMR_CHUNK ? count - base : SMR_CHUNK;
    float gv[SMR_CHUNK];
    for (long n = 0; n < width; n++) gv[n] = 0.0f;
    for (long t = steps - 1; t >= 0; t--) {
      long at = t * count + base;
      for (long n = 0; n < width; n++) {
        float h = charged[at + n];
        float s = h - v_th >= 0.0f ? 1.0f : 0.0f;
        // hard: v = (1 − s)·h + s·v_reset; soft: v = h − s·v_th.
        float reset_slope = soft ? -v_th : v_reset - h;
        float ds = spike_grad[at + n] + reset_weight * gv[n] * reset_slope;
        float dh = gv[n] * (soft ? 1.0f : 1.0f - s) + ds * smr_surrogate(S, parameter, h - v_th);
        input_grad[at + n] = dh * input_scale;
        gv[n] = dh * carry;
      }
    }
  })
}

SMR_DISPATCH
void smr_surrogate_derivative(const float *y, long count, int surrogate, float parameter, float *derivative) {
  SMR_WITH_SURROGATE(surrogate, for (long i = 0; i < count; i++) derivative[i] = smr_surrogate(S, parameter, y[i]);)
}
