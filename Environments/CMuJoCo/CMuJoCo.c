#include "CMuJoCo.h"

#include <mujoco/mujoco.h>
#include <stdlib.h>
#include <string.h>

struct SMRMuJoCo {
  mjModel *model;
  mjData *data;
};

// MuJoCo's default warning handler appends to MUJOCO_LOG.TXT in the working directory and prints; the
// environments read instability from the data's warning counters instead, so warnings are dropped here.
static void smr_mj_ignore_warning(const char *message) { (void)message; }

SMRMuJoCo *smr_mj_load(const char *path, char *error, int error_size) {
  mju_user_warning = smr_mj_ignore_warning;
  if (error_size > 0) error[0] = '\0';
  mjModel *model = mj_loadXML(path, NULL, error, error_size);
  if (!model) return NULL;
  mjData *data = mj_makeData(model);
  if (!data) {
    mj_deleteModel(model);
    if (error_size > 0) strncpy(error, "mj_makeData failed (out of memory)", (size_t)error_size - 1);
    return NULL;
  }
  SMRMuJoCo *sim = malloc(sizeof(SMRMuJoCo));
  if (!sim) {
    mj_deleteData(data);
    mj_deleteModel(model);
    return NULL;
  }
  sim->model = model;
  sim->data = data;
  return sim;
}

void smr_mj_free(SMRMuJoCo *sim) {
  if (!sim) return;
  mj_deleteData(sim->data);
  mj_deleteModel(sim->model);
  free(sim);
}

int smr_mj_nq(const SMRMuJoCo *sim) { return sim->model->nq; }
int smr_mj_nv(const SMRMuJoCo *sim) { return sim->model->nv; }
int smr_mj_nu(const SMRMuJoCo *sim) { return sim->model->nu; }
int smr_mj_na(const SMRMuJoCo *sim) { return sim->model->na; }
int smr_mj_nbody(const SMRMuJoCo *sim) { return sim->model->nbody; }
int smr_mj_njnt(const SMRMuJoCo *sim) { return sim->model->njnt; }
double smr_mj_timestep(const SMRMuJoCo *sim) { return sim->model->opt.timestep; }
double smr_mj_time(const SMRMuJoCo *sim) { return sim->data->time; }

int smr_mj_ctrl_range(const SMRMuJoCo *sim, int i, double *low, double *high) {
  *low = sim->model->actuator_ctrlrange[2 * i];
  *high = sim->model->actuator_ctrlrange[2 * i + 1];
  return sim->model->actuator_ctrllimited[i];
}

void smr_mj_qpos0(const SMRMuJoCo *sim, double *qpos) {
  memcpy(qpos, sim->model->qpos0, sizeof(double) * (size_t)sim->model->nq);
}

void smr_mj_reset(SMRMuJoCo *sim) { mj_resetData(sim->model, sim->data); }

void smr_mj_set_state(SMRMuJoCo *sim, const double *qpos, const double *qvel) {
  memcpy(sim->data->qpos, qpos, sizeof(double) * (size_t)sim->model->nq);
  memcpy(sim->data->qvel, qvel, sizeof(double) * (size_t)sim->model->nv);
  if (sim->model->na > 0) memset(sim->data->act, 0, sizeof(double) * (size_t)sim->model->na);
  mj_forward(sim->model, sim->data);
}

void smr_mj_get_state(const SMRMuJoCo *sim, double *qpos, double *qvel) {
  memcpy(qpos, sim->data->qpos, sizeof(double) * (size_t)sim->model->nq);
  memcpy(qvel, sim->data->qvel, sizeof(double) * (size_t)sim->model->nv);
}

int smr_mj_step(SMRMuJoCo *sim, const double *ctrl, int frames) {
  memcpy(sim->data->ctrl, ctrl, sizeof(double) * (size_t)sim->model->nu);
  int before = sim->data->warning[mjWARN_BADQACC].number;
  for (int f = 0; f < frames; f++) mj_step(sim->model, sim->data);
  mj_rnePostConstraint(sim->model, sim->data);
  return sim->data->warning[mjWARN_BADQACC].number - before;
}

void smr_mj_body_com(const SMRMuJoCo *sim, int i, double *xyz) { memcpy(xyz, sim->data->xipos + 3 * i, sizeof(double) * 3); }

int smr_mj_model_constants(const SMRMuJoCo *sim, double *out) {
  const mjModel *m = sim->model;
  int n = 0;
  for (int b = 0; b < m->nbody; b++) {
    out[n++] = m->body_mass[b];
    for (int j = 0; j < 3; j++) out[n++] = m->body_inertia[3 * b + j];
  }
  for (int j = 0; j < m->njnt; j++) {
    out[n++] = m->jnt_range[2 * j];
    out[n++] = m->jnt_range[2 * j + 1];
  }
  for (int a = 0; a < m->nu; a++) {
    out[n++] = m->actuator_gear[6 * a];
    out[n++] = m->actuator_ctrlrange[2 * a];
    out[n++] = m->actuator_ctrlrange[2 * a + 1];
  }
  out[n++] = m->opt.timestep;
  out[n++] = m->opt.iterations;
  out[n++] = m->opt.tolerance;
  out[n++] = m->opt.gravity[2];
  return n;
}
