#ifndef CKERNELS_H
#define CKERNELS_H

#include <stdint.h>

/// Vectorised Float32 loops for TensorEngine's hot paths.
///
/// Each kernel is compiled three times (x86-64-v4 = AVX-512, x86-64-v3 = AVX2, and the x86-64 baseline)
/// and the loader picks the best copy for the CPU (GCC/Clang `target_clones`, resolved once by an ifunc).
/// Floating-point contraction is off, so every copy computes bit-identical results: reductions use a
/// fixed number of partial sums combined in a fixed order, whatever the vector width.
/// Pointers must not alias unless a parameter says so; counts are element counts.

/// Layer-norm forward over rows of `width`: `y = γ·(x − μ)·r + β`, `r = 1/√(σ² + ε)` (population σ²).
/// Writes `mean[row]` and `rstd[row]` for the backward. `y` may equal `x`.
void smr_layer_norm_forward(const float *x, const float *gamma, const float *beta, float epsilon, long rows,
                            long width, float *y, float *mean, float *rstd);

/// Layer-norm backward: with `x̂ = (x − μ)·r` and `d = g·γ`,
/// `dx = (d − mean(d) − x̂·mean(d·x̂))·r`; adds `Σ_rows g·x̂` to `dgamma` and `Σ_rows g` to `dbeta`.
void smr_layer_norm_backward(const float *g, const float *x, const float *gamma, const float *mean,
                             const float *rstd, long rows, long width, float *dx, float *dgamma, float *dbeta);

/// `y[r, c] = row[c]` for every row (a bias copied into a product's output before `C += A·B`).
void smr_broadcast_rows(const float *row, long rows, long width, float *y);

/// `sums[c] += Σ_r x[r, c]`.
void smr_column_sums(const float *x, long rows, long width, float *sums);

/// `y = a + b` (`y` may equal `a` or `b`).
void smr_add(const float *a, const float *b, long count, float *y);

/// `y (columns, rows) = xᵀ` for a row-major `x (rows, columns)` (16 × 16 tiles, in registers on AVX-512F; `y`
/// must not alias `x`).
void smr_transpose(const float *x, long rows, long columns, float *y);

/// `y = a·s` (`y` may equal `a`).
void smr_scale(const float *a, float s, long count, float *y);
/// `out = y + a·s` elementwise (a product, then a sum: no fused multiply-add; `out` may equal `y`).
void smr_scaled_add(const float *y, const float *a, float s, long count, float *out);

/// The number of `x[i] ≠ 0` (NaN counts).
long smr_count_nonzero(const float *x, long count);

/// `y = max(x, 0)` (`y` may equal `x`).
void smr_relu_forward(const float *x, long count, float *y);

/// The SNN-DT rate code (MODELS.md §3): `y[t, i] = σ(s·(clamp(x[i], 0, 1)·T − t))` for `t < T` (`y (T, count)`),
/// with `exp` by the branch-free Cephes polynomial; `derivative` (NULL: not written) receives
/// `∂y[t, i]/∂x[i] = s·T·y·(1 − y)` inside `[0, 1]`, else 0.
void smr_rate_code(const float *x, long count, long steps, float sharpness, float *y, float *derivative);

/// Steps per group of the rate-coded products: a group's outputs stay in registers, each weight row loaded once
/// per group.
#define SMR_RATE_GROUP 4

/// Splits each row of `x (rows × k)` by its rate code's class (RateCodedProducts.c): `indices` row r (`k`
/// entries) lists the inputs with x ≤ 0 (NaN included; code `lo_t = σ(−s·t)`), then those with x ≥ 1 (code
/// `σ(s·(T − t))`), then the rest, each class in increasing order; `counts[2r]`, `counts[2r + 1]` are the first
/// two classes' sizes. The rest, per group g of SMR_RATE_GROUP steps [t0, t1) (the last may be shorter; G = ⌈steps/4⌉ groups;
/// k16 = k rounded up to a multiple of 16; `values` holds `rows·steps·k16`, `step_indices` `rows·G·k16`,
/// `step_counts` `2·rows·G`): with `c_i(t) = code_t(x_i) − lo_t` (`smr_rate_code`'s formula), an input is held
/// through g if `c_i(t) = 1 − lo_t` exactly at every step up to t1 − 1, negligible in g if `|c_i(t)| ≤ 2^-24` at
/// every step of g; the others, g's band, in increasing order, are `step_indices[(r·G + g)·k16 + j]` with
/// `values[(r·steps + t)·k16 + j] = c_i(t)` for every t of g, j < `step_counts[2(r·G + g)]`; after them, the
/// `step_counts[2(r·G + g) + 1]` inputs held through g and not through g + 1 (for the last group: every held one).
/// `scratch` holds `(4 + steps)·(k + 16)` words. Nothing is written for steps outside 1...256.
void smr_rate_plan(const float *x, long rows, long k, long steps, float sharpness, int32_t *indices, int32_t *counts,
                   float *values, int32_t *step_indices, int32_t *step_counts, int32_t *scratch);

/// `y[t·ldt + r·ldy + c] = Σ_i code_t(x[r, i])·W[c, i] + bias[c]` for `rows` rows of a plan of `smr_rate_plan`
/// (pointers offset to its first row), the weight transposed, `wt (k, n)`, and its column sums
/// `wsum[c] = Σ_i wt[i, c]`: `lo_t·wsum + (hi_t − lo_t)·S_hi + (1 − lo_t)·H_g + Σ_band c_i(t)·wt[i]`, where S_hi
/// sums the x ≥ 1 class once for all steps (plain adds over its even and odd positions, then the two added), H_g the
/// inputs held through t's group g (the groups run from the last to the first, H adding the rows whose holding ends
/// at g), the x ≤ 0 class and the negligible inputs cost nothing and only the band costs a multiply-add per step;
/// each output is `fma(lo_t, wsum, fma(hi_t − lo_t, S_hi, fma(1 − lo_t, H_g, L_t))) + bias` with `L_t` the fused
/// chain over g's band in the plan's order. Equal to the dense product up to rounding (each dropped term below
/// `2^-24·|wt[i, c]|`); the AVX-512F and scalar paths agree bit for bit. `path`: the fastest allowed
/// (`SMR_PATH_BEST` or `SMR_PATH_SCALAR`); returns the path that ran, or −1 for steps outside 1...256 or no memory
/// (nothing written). `bias` may be NULL.
int smr_rate_gemm(const int32_t *indices, const int32_t *counts, const float *values, const int32_t *step_indices,
                  const int32_t *step_counts, long rows, long k, long steps, float sharpness, const float *wt,
                  const float *wsum, long n, const float *bias, float *y, long ldy, long ldt, int path);

/// `dx = g` where `y > 0`, else 0 (`dx` may equal `g`).
void smr_relu_backward(const float *g, const float *y, long count, float *dx);

/// Inverted dropout from a counter-based hash: element `i` is kept when
/// `hash(key, offset + i) ≥ threshold` (drop probability `threshold / 2³²`) and then scaled by `scale`.
/// `y = residual + dropout(x)`, or `y = dropout(x)` when `residual` is NULL (`y` may equal either input).
void smr_dropout(const float *x, const float *residual, long count, uint64_t key, uint64_t offset,
                 uint32_t threshold, float scale, float *y);

/// The 32-bit hash `smr_dropout` compares with its threshold (exposed for tests).
uint32_t smr_dropout_hash(uint64_t key, uint64_t index);

/// Rows of a score matrix: adds `padding[j]` (if not NULL), sets `row[j] = −10⁴ + padding[j]` for
/// `j > causal_limit + i·causal_step` (GPT-2's masked_bias, then the additive mask), then a stable softmax
/// in place. Row `i` of the block is query position `causal_limit + i·causal_step`.
void smr_masked_softmax(float *scores, long rows, long columns, long causal_limit, long causal_step,
                        const float *padding);

/// Softmax backward in place: `dS = P·(dP − Σ_j dP·P)`, 0 for `j` beyond the causal limit as above.
void smr_softmax_backward(float *gradient, const float *probabilities, long rows, long columns,
                          long causal_limit, long causal_step);

/// `exp(x)` elementwise (Cephes polynomial, ≤ 2 ulp; 0 below −87, +∞ above 88.72).
void smr_exp(const float *x, long count, float *y);

/// One AdamW step in PyTorch's order: `p ← p·decay; m ← m + (g − m)·(1 − β1); v ← β2·v + (1 − β2)·g²;
/// p ← p − step·m/(√v/c2 + ε)`.
void smr_adamw(float *p, float *m, float *v, const float *g, long count, float decay, float beta1, float beta2,
               float step, float c2, float epsilon);

/// Columns per packed weight panel (`smr_pack_weights`).
#define SMR_PANEL 32

/// Floats needed to pack a weight `(n, k)`: `⌈n/32⌉·32·k`.
long smr_packed_size(long n, long k);

/// Packs a row-major weight `W (n, k)` (PyTorch's `(out, in)`) into panels of 32 output columns, each
/// `k × 32` with the column index fastest (zeros past `n`), for `smr_packed_gemm`.
void smr_pack_weights(const float *w, long n, long k, float *packed);

/// Packs `scale·W` for a `W (n, k)` whose rows are `ldw` apart (e.g. attention keys inside a QKV buffer).
void smr_pack_rows(const float *w, long ldw, long n, long k, float scale, float *packed);

/// Packs `W = Vᵀ (n, k)` from `V (k, n)` whose rows are `ldv` apart (attention values: `O = P·V`).
void smr_pack_columns(const float *v, long ldv, long n, long k, float *packed);

/// 1 when `smr_packed_gemm` has a kernel for this CPU (AVX-512F, or AVX2 + FMA), else 0 (then use BLAS).
int smr_packed_gemm_available(void);

/// 1 when the CPU has AVX-512F, else 0 (and off x86).
int smr_avx512_available(void);

/// `C (m×n, ldc) += A (m×k, lda) · Wᵀ` with W packed by `smr_pack_weights`, for the panels
/// `[panel_begin, panel_end)` only (columns `32·panel_begin ..< min(32·panel_end, n)`; threads split
/// panels). Fused multiply-adds over k in order, per output element. For small m (batch-1 inference),
/// where BLAS spends most of its time repacking the weights on every call.
void smr_packed_gemm(const float *a, long lda, const float *packed, long m, long n, long k, float *c, long ldc,
                     long panel_begin, long panel_end);

/// What `smr_packed_gemm_ex` writes: `C += A·Wᵀ`, `C = A·Wᵀ + b`, `C = max(A·Wᵀ + b, 0)`, `C += A·Wᵀ + b`,
/// `C = A·Wᵀ` (C not read).
enum { SMR_ACCUMULATE = 0, SMR_BIAS = 1, SMR_BIAS_RELU = 2, SMR_ACCUMULATE_BIAS = 3, SMR_STORE = 4 };

/// `smr_packed_gemm` with a fused epilogue (`mode`, see above; `bias` has `n` values, NULL means
/// `SMR_ACCUMULATE`): one pass over C instead of a bias pass, a product and an activation pass.
void smr_packed_gemm_ex(const float *a, long lda, const float *packed, long m, long n, long k, float *c, long ldc,
                        long panel_begin, long panel_end, const float *bias, int mode);

/// `smr_packed_gemm_ex` with A addressed by strides: element `(r, kk)` of A is
/// `a[r·a_row_stride + kk·a_k_stride]` (a transposed A: strides `(1, lda)`).
void smr_packed_gemm_strided(const float *a, long a_row_stride, long a_k_stride, const float *packed, long m, long n,
                             long k, float *c, long ldc, long panel_begin, long panel_end, const float *bias, int mode);


// MARK: - Spiking neurons (Neurons.c)

/// Surrogate derivatives ∂spike/∂y, `y = membrane − threshold`, with parameter `a`:
/// box `1/(2a)` for `|y| < a` (DSFormer: a = 0.5); SuperSpike `1/(a·|y| + 1)²` (Norse; a = 1 is Norse
/// 1.1.0's backward, which ignores its alpha); sigmoid `a·σ(a·y)·(1 − σ(a·y))` and ATan
/// `(a/2)/(1 + (π/2·a·y)²)` (SpikingJelly).
enum { SMR_SURROGATE_BOX = 0, SMR_SURROGATE_SUPERSPIKE = 1, SMR_SURROGATE_SIGMOID = 2, SMR_SURROGATE_ATAN = 3 };

/// `derivative[i] = surrogate(y[i])`.
void smr_surrogate_derivative(const float *y, long count, int surrogate, float parameter, float *derivative);

/// DSFormer's multi-step LIF over `steps × count` inputs from a fresh state: `u₀ = x₀`,
/// `u_t = decay·u_{t−1}·(1 − s_{t−1}) + x_t`, `s_t = [u_t > threshold]`. Writes the membrane `u` (before the
/// reset, for the backward) and the spikes; returns the number of spikes.
long smr_lif_dsformer_forward(const float *x, long steps, long count, float decay, float threshold, float *membrane,
                              float *spikes);

/// 1 when no `u[i]` lies inside the box surrogate's support `|u − threshold| < half_width` (the test of
/// `smr_lif_dsformer_backward`'s box), else 0; NaN is outside.
int smr_box_support_empty(const float *u, long count, float threshold, float half_width);

/// `smr_lif_dsformer_forward`'s spikes (the same bits) and count without saving the membrane: for inference.
long smr_lif_dsformer_spikes(const float *x, long steps, long count, float decay, float threshold, float *spikes);

/// Its backward through the recurrence (reset detached): `du_t = g_t·σ'(u_t − θ) + du_{t+1}·decay·(1 − s_t)`,
/// `dx_t = du_t`.
void smr_lif_dsformer_backward(const float *spike_grad, const float *membrane, long steps, long count, float decay,
                               float threshold, int surrogate, float parameter, float *input_grad);

/// Norse's current-based LIF constants: `a_mem = dt·τ_mem⁻¹`, `a_syn = dt·τ_syn⁻¹` (both as Float32 products).
typedef struct {
  float a_mem, a_syn, v_leak, v_th, v_reset;
} smr_norse_parameters;

/// Norse 1.1.0's `lif_feed_forward_step` over `steps` from `v = v_leak, i = 0`: `i' = i + x`,
/// `v' = v + a_mem·((v_leak − v) + i')`, `i ← i' − a_syn·i'`, `z = [v' − v_th > 0]`, `v ← (1 − z)·v' + z·v_reset`.
/// Writes the pre-reset voltage `v'` (for the backward), the spikes and, when not NULL, the state after every
/// step (`v_state`, `i_state`); returns the number of spikes.
long smr_lif_norse_forward(const float *x, long steps, long count, const smr_norse_parameters *p, float *v_decayed,
                           float *v_state, float *i_state, float *spikes);

/// Inference: the same recurrence (bit for bit), writing only each neuron's spike count over the window,
/// `counts (count)`; returns the number of spikes.
long smr_lif_norse_count(const float *x, long steps, long count, const smr_norse_parameters *p, float *counts);

/// Its backward; the reset path `z·(v_reset − v')` carries gradient unless `detach_reset` (Norse does not detach).
void smr_lif_norse_backward(const float *spike_grad, const float *v_decayed, long steps, long count,
                            const smr_norse_parameters *p, int surrogate, float parameter, int detach_reset,
                            float *input_grad);

/// SpikingJelly-style neurons: `leak` 0 is IF (`h = v + x`); else LIF with `tau`, `decay_input` 1:
/// `h = v + (x − (v − v_reset))/τ`, 0: `h = v − (v − v_reset)/τ + x`; fire `s = [h − v_th ≥ 0]`; hard reset
/// `v = (1 − s)·h + s·v_reset` (start at v_reset) or soft `v = h − s·v_th` (start at 0).
typedef struct {
  float tau, v_th, v_reset;
  int leak, decay_input, soft_reset;
} smr_jelly_parameters;

/// Multi-step forward; writes the charged potential `h` and the spikes; returns the number of spikes.
long smr_lif_jelly_forward(const float *x, long steps, long count, const smr_jelly_parameters *p, float *charged,
                           float *spikes);

/// Its backward; `detach_reset` drops the reset path's gradient (SpikingJelly's `detach_reset=True`).
void smr_lif_jelly_backward(const float *spike_grad, const float *charged, long steps, long count,
                            const smr_jelly_parameters *p, int surrogate, float parameter, int detach_reset,
                            float *input_grad);

// MARK: - Normalisation and mixing (Normalization.c)

/// Per-column mean and biased variance of `x (rows, width)` over the rows whose `row_mask` is non-zero (all
/// rows when NULL), accumulated in double; returns the number of rows counted.
long smr_column_statistics(const float *x, long rows, long width, const float *row_mask, float *mean,
                           float *variance);

/// `y[r, c] = (x[r, c] − mean[c])·rstd[c]·gamma[c] + beta[c]` (PyTorch's batch-norm order). `y` may equal `x`.
void smr_batch_norm_forward(const float *x, long rows, long width, const float *mean, const float *rstd,
                            const float *gamma, const float *beta, float *y);

/// Training batch-norm backward with statistics over the `counted` rows of `row_mask` (all when NULL):
/// `dx = γ·r·(g − [counted]·(Σg + x̂·Σ(g·x̂))/n)` with sums over every row; adds `Σ g·x̂` to `dgamma` and
/// `Σ g` to `dbeta` (either may be NULL).
void smr_batch_norm_backward(const float *g, const float *x, long rows, long width, const float *row_mask, long counted,
                             const float *mean, const float *rstd, const float *gamma, float *dx, float *dgamma,
                             float *dbeta);

// MARK: - PTBN in training (PartialBatchNorm.c)

/// PTBN's training forward `y = LN(x; ln_gamma, ln_beta) + BN(x; col_mean, col_rstd, bn_gamma, bn_beta)` on
/// `x (rows, width)`, the mixture carried by the (already scaled) weights: each term as `smr_layer_norm_forward`
/// and `smr_batch_norm_forward` compute it, added once. Writes every row's LN mean and `1/√(σ² + ε)`.
void smr_ptbn_forward(const float *x, long rows, long width, const float *ln_gamma, const float *ln_beta,
                      float epsilon, const float *col_mean, const float *col_rstd, const float *bn_gamma,
                      const float *bn_beta, float *y, float *row_mean, float *row_rstd);

/// Its backward: `dx` = the LN backward's dx + the training batch-norm backward's dx (statistics over the
/// `counted` rows of `row_mask`, all when NULL), each as its own kernel computes it; adds `Σ g·x̂` and `Σ g` of
/// each branch to its weights' gradients (unscaled: the caller applies the mixture weight).
void smr_ptbn_backward(const float *g, const float *x, long rows, long width, const float *row_mean,
                       const float *row_rstd, const float *ln_gamma, const float *row_mask, long counted,
                       const float *col_mean, const float *col_rstd, const float *bn_gamma, float *dx,
                       float *d_ln_gamma, float *d_ln_beta, float *d_bn_gamma, float *d_bn_beta);

/// `y = λ·a + (1 − λ)·b` (PTBN's mixture). `y` may equal `a` or `b`.
void smr_mix(const float *a, const float *b, float lambda, long count, float *y);

/// `y = x·s + b` per column (a folded or running-statistics batch norm): `y[r, c] = x[r, c]·scale[c] + shift[c]`.
void smr_scale_shift_columns(const float *x, long rows, long width, const float *scale, const float *shift, float *y);

/// `y[r, c] = g[r, c]·scale[c]`, and adds column sums of `g·x` to `dscale`, of `g` to `dshift` (either may be NULL).
void smr_scale_shift_columns_backward(const float *g, const float *x, long rows, long width, const float *scale,
                                      float *dx, float *dscale, float *dshift);

// MARK: - Positional spiking self-attention (SpikingAttention.c)

/// PSSA (DSFormer) on `(T·B, L, D)` spikes: `Z[i,c] = Q[i,c]·Σ_j W[i,j]·K[j,c]·V[j,c]` over keys
/// `i − window < j ≤ i` with `key_mask[b, j] ≠ 0` (all keys when NULL; the mask is `(B, L)`, shared by the
/// `steps` copies of each batch). `W` is `(≥L, ≥L)` with rows `ldw` apart.
void smr_pssa_forward(const float *q, const float *k, const float *v, long steps, long batch, long length, long width,
                      const float *w, long ldw, long window, const float *key_mask, float *z);

/// Its backward: `dq`, `dk`, `dv` written (each may be NULL), `Σ_c (dZ⊙Q)[i,c]·(K⊙V)[j,c]` added to
/// `dw[i, j]` (rows `ldw` apart; NULL skips it).
void smr_pssa_backward(const float *gz, const float *q, const float *k, const float *v, long steps, long batch,
                       long length, long width, const float *w, long ldw, long window, const float *key_mask,
                       float *dq, float *dk, float *dv, float *dw);

/// PSSA for the last `queries` of `keys` tokens (batch 1, no padding: inference): `q (T, queries, D)`,
/// `k, v (T, keys, D)`, `z (T, queries, D)`; local token `i` sits at window position `position + i` of `W`.
void smr_pssa_query_rows(const float *q, const float *k, const float *v, long steps, long keys, long queries,
                         long width, const float *w, long ldw, long position, long window, float *z);

/// TSSA (`per_step` 0) or SSSA (1) for the last `queries` of `keys` tokens (batch 1, causal, no padding),
/// layouts as `smr_pssa_query_rows`; `scores` holds `queries × keys` floats.
void smr_spiking_attention_query_rows(const float *q, const float *k, const float *v, long steps, long keys,
                                      long queries, long width, long heads, int per_step, float *scores, float *z);

/// `A[i, j] *= [j ≤ i]·key_mask[j]` for one `(L, L)` block (`key_mask` NULL: causal only).
void smr_mask_scores(float *scores, long length, const float *key_mask);

// MARK: - Event-driven products (SpikeProducts.c)

/// Writes the indices `i` with `a[i] ≠ 0` (in increasing order) to `indices`; returns how many.
long smr_active_indices(const float *a, long k, int32_t *indices);

/// `y (rows × n, ldy) ⊕= a·W + bias` for a sparse (spike) `a (rows × k, lda)`, with the weight transposed,
/// `wt (k, n)`: each output row visits only its non-zero inputs (`a[r, k]·wt[k, :]` by fused multiply-add, a
/// plain add for a spike), in increasing k and in blocks of 256 inputs like `smr_packed_gemm_ex`, so results
/// equal the dense packed product's bit for bit; the AVX-512F, AVX2 + FMA and scalar paths (chosen at run time)
/// agree bit for bit. `mode`: SMR_BIAS (store
/// `bias + Σ`), SMR_STORE, SMR_ACCUMULATE_BIAS (`y += bias + Σ`), SMR_ACCUMULATE. `scratch` holds `k + 16` indices.
void smr_spike_gemm(const float *a, long lda, long rows, long k, const float *wt, long n, const float *bias, float *y,
                    long ldy, int mode, int32_t *scratch);

/// The weight gradient of that product, transposed: `dwt (k, n) += aᵀ·g` for sparse `a (rows × k, lda)` and
/// `g (rows × n, ldg)`, visiting only non-zero inputs (rows in order). `scratch` holds `k + 16` indices.
void smr_spike_weight_gradient(const float *g, long ldg, const float *a, long lda, long rows, long k, long n, float *dwt,
                               int32_t *scratch);

/// Which kernel a product ran on (`SMR_PATH_BEST` where the choice is `smr_spike_gemm`'s own); as an argument,
/// the fastest path allowed (the CPU's best for `SMR_PATH_BEST`), so tests can compare every path.
enum { SMR_PATH_BEST = -1, SMR_PATH_SCALAR = 0, SMR_PATH_AVX2 = 1, SMR_PATH_AVX512 = 2 };

/// `smr_spike_gemm` on an input `(groups, rows / groups, k)` whose leading axis is the time steps of the same tokens
/// (SpikeProductsGrouped.c): each token's union of active inputs is visited once for its `groups` rows. The result
/// equals `smr_spike_gemm`'s bit for bit (finite weights); AVX-512F for 2–4 groups, else `smr_spike_gemm`.
/// Returns the path taken.
int smr_spike_gemm_grouped(const float *a, long lda, long rows, long k, const float *wt, long n, const float *bias,
                           float *y, long ldy, int mode, int32_t *scratch, long groups);

/// The number of (token, input) pairs active in any of the token's `groups` rows `t·(rows/groups) + b` — the work
/// of `smr_spike_gemm_grouped` — or −1 when `groups` does not divide `rows`.
long smr_group_union_count(const float *a, long lda, long rows, long k, long groups);

/// `smr_spike_weight_gradient` grouped the same way: over tokens b = 0..<rows/groups, for every j active in any of
/// the token's rows `t·(rows/groups) + b` (t = 0..<groups), `dwt[j, c] += s` with `s` the token's sum of
/// `a[r, j]·g[r, c]` over those rows by fused multiply-adds from +0 (a row inactive there adds `0·g`). The same
/// order on every path (`path`: the fastest allowed); `groups` ≤ 1 or not dividing `rows` is
/// `smr_spike_weight_gradient`. `scratch` holds `k + 16` indices. Returns the path taken.
int smr_spike_weight_gradient_grouped(const float *g, long ldg, const float *a, long lda, long rows, long k, long n,
                                      float *dwt, int32_t *scratch, long groups, int path);

/// `Σ x²` in double precision.
double smr_sum_squares(const float *x, long count);

#endif
