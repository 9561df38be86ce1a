#ifndef CBOX2D_H
#define CBOX2D_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A Box2D world (owns its bodies, fixtures, joints and the contact recorder). Opaque.
typedef struct CB2World CB2World;
/// A body of a world; valid until its world is destroyed. Opaque.
typedef struct CB2Body CB2Body;
/// A revolute joint of a world; valid until its world is destroyed. Opaque.
typedef struct CB2Joint CB2Joint;

/// Body types, as Box2D's b2BodyType.
enum { CB2_STATIC = 0, CB2_KINEMATIC = 1, CB2_DYNAMIC = 2 };

/// Creates a world with sleeping, warm starting and continuous physics on (Box2D defaults).
CB2World *cb2_world_create(float gravity_x, float gravity_y);
/// Destroys a world and everything in it.
void cb2_world_destroy(CB2World *world);
/// Advances the world by `dt` seconds.
void cb2_world_step(CB2World *world, float dt, int velocity_iterations, int position_iterations);
/// The fraction along p1→p2 of the closest fixture whose category bits intersect `category_mask`
/// (1 when nothing is hit).
float cb2_world_ray_cast(CB2World *world, float x1, float y1, float x2, float y2, uint16_t category_mask);

/// Creates a body at (x, y) with the given angle.
CB2Body *cb2_body_create(CB2World *world, int type, float x, float y, float angle);
/// Adds a convex polygon fixture (vertices as x0, y0, x1, y1, ...; at most 8).
void cb2_body_add_polygon(CB2Body *body, const float *xy, int count, float density, float friction,
                          float restitution, uint16_t category, uint16_t mask);
/// Adds an axis-aligned box fixture centred on the body (b2PolygonShape::SetAsBox).
void cb2_body_add_box(CB2Body *body, float half_width, float half_height, float density, float friction,
                      float restitution, uint16_t category, uint16_t mask);
/// Adds an edge fixture.
void cb2_body_add_edge(CB2Body *body, float x1, float y1, float x2, float y2, float density, float friction,
                       uint16_t category, uint16_t mask);
/// Adds a circle fixture centred on the body.
void cb2_body_add_circle(CB2Body *body, float radius, float density, float friction, float restitution,
                         uint16_t category, uint16_t mask);
/// Writes x, y, angle, vx, vy, angular velocity.
void cb2_body_get_state(const CB2Body *body, float out[6]);
/// The world centre of mass.
void cb2_body_get_world_center(const CB2Body *body, float out[2]);
/// Whether the body is awake.
int cb2_body_is_awake(const CB2Body *body);
/// The body's mass.
float cb2_body_mass(const CB2Body *body);
/// Applies a force at the centre of mass (acts during the next step).
void cb2_body_apply_force_to_center(CB2Body *body, float fx, float fy, int wake);
/// Applies an impulse at a world point (changes the velocity immediately).
void cb2_body_apply_linear_impulse(CB2Body *body, float ix, float iy, float px, float py, int wake);
/// Applies a torque (acts during the next step).
void cb2_body_apply_torque(CB2Body *body, float torque, int wake);
/// 1 once any fixture of the body began a contact since the last clear (sticky).
int cb2_body_contact_began(const CB2Body *body);
/// 1 after a contact of the body began, 0 after one ended (Gymnasium's leg `ground_contact`).
int cb2_body_in_contact(const CB2Body *body);
/// Clears both contact flags.
void cb2_body_clear_contacts(CB2Body *body);

/// Creates a revolute joint between two bodies (anchors in each body's local frame).
CB2Joint *cb2_revolute_joint_create(CB2World *world, CB2Body *body_a, CB2Body *body_b, float anchor_ax,
                                    float anchor_ay, float anchor_bx, float anchor_by, float reference_angle,
                                    int enable_motor, float max_motor_torque, float motor_speed,
                                    int enable_limit, float lower_angle, float upper_angle);
/// Sets the motor speed and maximum torque.
void cb2_revolute_joint_set_motor(CB2Joint *joint, float speed, float max_torque);
/// The joint angle (body B relative to body A, minus the reference angle).
float cb2_revolute_joint_angle(const CB2Joint *joint);
/// The joint's angular speed.
float cb2_revolute_joint_speed(const CB2Joint *joint);

#ifdef __cplusplus
}
#endif

#endif
