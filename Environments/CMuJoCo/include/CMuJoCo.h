#ifndef CMUJOCO_H
#define CMUJOCO_H

// A plain-C shim over Debian's libmujoco (2.2.2): one compiled model and its data behind an opaque handle, so
// MuJoCo's structs never cross into Swift by value. States are Float64 (MuJoCo's mjtNum).

#ifdef __cplusplus
extern "C" {
#endif

/// A model and its simulation data. Opaque.
typedef struct SMRMuJoCo SMRMuJoCo;

/// Compiles the MJCF file at `path`; NULL on failure with the reason in `error` (NUL-terminated).
SMRMuJoCo *smr_mj_load(const char *path, char *error, int error_size);
/// Frees the model and data.
void smr_mj_free(SMRMuJoCo *sim);

/// Sizes: position coordinates, degrees of freedom, actuators, activations, bodies, joints.
int smr_mj_nq(const SMRMuJoCo *sim);
int smr_mj_nv(const SMRMuJoCo *sim);
int smr_mj_nu(const SMRMuJoCo *sim);
int smr_mj_na(const SMRMuJoCo *sim);
int smr_mj_nbody(const SMRMuJoCo *sim);
int smr_mj_njnt(const SMRMuJoCo *sim);
/// The integrator's time step in seconds (`opt.timestep`).
double smr_mj_timestep(const SMRMuJoCo *sim);
/// The simulation time.
double smr_mj_time(const SMRMuJoCo *sim);
/// Whether actuator `i` is control-limited, and its range `[low, high]`.
int smr_mj_ctrl_range(const SMRMuJoCo *sim, int i, double *low, double *high);
/// The model's reference configuration `qpos0` (nq values).
void smr_mj_qpos0(const SMRMuJoCo *sim, double *qpos);

/// `mj_resetData`: the reference configuration, zero velocities, controls and time.
void smr_mj_reset(SMRMuJoCo *sim);
/// Sets positions (nq) and velocities (nv), zero activations, then `mj_forward` (Gymnasium's `set_state`).
void smr_mj_set_state(SMRMuJoCo *sim, const double *qpos, const double *qvel);
/// Copies positions (nq) and velocities (nv) out.
void smr_mj_get_state(const SMRMuJoCo *sim, double *qpos, double *qvel);
/// Sets the controls (nu) and takes `frames` `mj_step`s, then `mj_rnePostConstraint` (Gymnasium's
/// `do_simulation`). Returns the number of instability warnings MuJoCo raised (bad accelerations; MuJoCo
/// then resets the data itself, as under Gymnasium).
int smr_mj_step(SMRMuJoCo *sim, const double *ctrl, int frames);
/// The centre of mass of body `i` in world coordinates (3 values, `xipos`).
void smr_mj_body_com(const SMRMuJoCo *sim, int i, double *xyz);
/// The compiled model's physical constants, for comparison with another build: per body mass and diagonal
/// inertia (nbody × 4), per joint range (njnt × 2), per actuator gear[0] and control range (nu × 3), and the
/// solver options (timestep, iterations, tolerance, gravity z): `out` must hold
/// 4·nbody + 2·njnt + 3·nu + 4 values. Returns the count written.
int smr_mj_model_constants(const SMRMuJoCo *sim, double *out);

#ifdef __cplusplus
}
#endif

#endif
