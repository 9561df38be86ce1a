// A small C API over Box2D 2.4 (Debian's libbox2d). Box2D objects never cross into Swift by value:
// Swift holds opaque pointers, so no b2World can be copied (its copy would double-free).
#include "CBox2D.h"

#include <box2d/box2d.h>

#include <initializer_list>

namespace {

/// Contact flags kept per body (in b2BodyUserData::pointer).
struct ContactFlags {
  int began = 0;
  int touching = 0;
};

ContactFlags *flags(b2Body *body) { return reinterpret_cast<ContactFlags *>(body->GetUserData().pointer); }

/// Records begin/end contacts on both bodies, like Gymnasium's ContactDetector.
class Recorder : public b2ContactListener {
public:
  void BeginContact(b2Contact *contact) override {
    for (b2Body *body : {contact->GetFixtureA()->GetBody(), contact->GetFixtureB()->GetBody()}) {
      if (ContactFlags *f = flags(body)) {
        f->began = 1;
        f->touching = 1;
      }
    }
  }
  void EndContact(b2Contact *contact) override {
    for (b2Body *body : {contact->GetFixtureA()->GetBody(), contact->GetFixtureB()->GetBody()}) {
      if (ContactFlags *f = flags(body)) f->touching = 0;
    }
  }
};

/// Closest hit among fixtures whose category bits intersect a mask.
class ClosestHit : public b2RayCastCallback {
public:
  explicit ClosestHit(uint16_t mask) : mask_(mask) {}
  float fraction = 1.0f;
  float ReportFixture(b2Fixture *fixture, const b2Vec2 &, const b2Vec2 &, float fraction) override {
    if ((fixture->GetFilterData().categoryBits & mask_) == 0) return -1.0f;
    this->fraction = fraction;
    return fraction;
  }

private:
  uint16_t mask_;
};

struct WorldBox {
  b2World world;
  Recorder recorder;
  explicit WorldBox(b2Vec2 gravity) : world(gravity) { world.SetContactListener(&recorder); }
  ~WorldBox() {
    for (b2Body *body = world.GetBodyList(); body; body = body->GetNext()) delete flags(body);
  }
};

b2World *world(CB2World *w) { return &reinterpret_cast<WorldBox *>(w)->world; }
b2Body *body(CB2Body *b) { return reinterpret_cast<b2Body *>(b); }
const b2Body *body(const CB2Body *b) { return reinterpret_cast<const b2Body *>(b); }
b2RevoluteJoint *joint(CB2Joint *j) { return reinterpret_cast<b2RevoluteJoint *>(j); }
const b2RevoluteJoint *joint(const CB2Joint *j) { return reinterpret_cast<const b2RevoluteJoint *>(j); }

void addFixture(CB2Body *b, const b2Shape &shape, float density, float friction, float restitution,
                uint16_t category, uint16_t mask) {
  b2FixtureDef def;
  def.shape = &shape;
  def.density = density;
  def.friction = friction;
  def.restitution = restitution;
  def.filter.categoryBits = category;
  def.filter.maskBits = mask;
  body(b)->CreateFixture(&def);
}

}  // namespace

extern "C" {

CB2World *cb2_world_create(float gravity_x, float gravity_y) {
  return reinterpret_cast<CB2World *>(new WorldBox(b2Vec2(gravity_x, gravity_y)));
}

void cb2_world_destroy(CB2World *w) { delete reinterpret_cast<WorldBox *>(w); }

void cb2_world_step(CB2World *w, float dt, int velocity_iterations, int position_iterations) {
  world(w)->Step(dt, velocity_iterations, position_iterations);
}

float cb2_world_ray_cast(CB2World *w, float x1, float y1, float x2, float y2, uint16_t category_mask) {
  ClosestHit hit(category_mask);
  world(w)->RayCast(&hit, b2Vec2(x1, y1), b2Vec2(x2, y2));
  return hit.fraction;
}

CB2Body *cb2_body_create(CB2World *w, int type, float x, float y, float angle) {
  b2BodyDef def;
  def.type = type == CB2_STATIC ? b2_staticBody : type == CB2_KINEMATIC ? b2_kinematicBody : b2_dynamicBody;
  def.position.Set(x, y);
  def.angle = angle;
  def.userData.pointer = reinterpret_cast<uintptr_t>(new ContactFlags());
  return reinterpret_cast<CB2Body *>(world(w)->CreateBody(&def));
}

void cb2_body_add_polygon(CB2Body *b, const float *xy, int count, float density, float friction, float restitution,
                          uint16_t category, uint16_t mask) {
  b2Vec2 vertices[b2_maxPolygonVertices];
  int n = count < b2_maxPolygonVertices ? count : b2_maxPolygonVertices;
  for (int i = 0; i < n; ++i) vertices[i].Set(xy[2 * i], xy[2 * i + 1]);
  b2PolygonShape shape;
  shape.Set(vertices, n);
  addFixture(b, shape, density, friction, restitution, category, mask);
}

void cb2_body_add_box(CB2Body *b, float half_width, float half_height, float density, float friction,
                      float restitution, uint16_t category, uint16_t mask) {
  b2PolygonShape shape;
  shape.SetAsBox(half_width, half_height);
  addFixture(b, shape, density, friction, restitution, category, mask);
}

void cb2_body_add_edge(CB2Body *b, float x1, float y1, float x2, float y2, float density, float friction,
                       uint16_t category, uint16_t mask) {
  b2EdgeShape shape;
  shape.SetTwoSided(b2Vec2(x1, y1), b2Vec2(x2, y2));
  addFixture(b, shape, density, friction, 0.0f, category, mask);
}

void cb2_body_add_circle(CB2Body *b, float radius, float density, float friction, float restitution,
                         uint16_t category, uint16_t mask) {
  b2CircleShape shape;
  shape.m_radius = radius;
  addFixture(b, shape, density, friction, restitution, category, mask);
}

void cb2_body_get_state(const CB2Body *b, float out[6]) {
  const b2Body *bd = body(b);
  out[0] = bd->GetPosition().x;
  out[1] = bd->GetPosition().y;
  out[2] = bd->GetAngle();
  out[3] = bd->GetLinearVelocity().x;
  out[4] = bd->GetLinearVelocity().y;
  out[5] = bd->GetAngularVelocity();
}

void cb2_body_get_world_center(const CB2Body *b, float out[2]) {
  out[0] = body(b)->GetWorldCenter().x;
  out[1] = body(b)->GetWorldCenter().y;
}

int cb2_body_is_awake(const CB2Body *b) { return body(b)->IsAwake() ? 1 : 0; }

float cb2_body_mass(const CB2Body *b) { return body(b)->GetMass(); }

void cb2_body_apply_force_to_center(CB2Body *b, float fx, float fy, int wake) {
  body(b)->ApplyForceToCenter(b2Vec2(fx, fy), wake != 0);
}

void cb2_body_apply_linear_impulse(CB2Body *b, float ix, float iy, float px, float py, int wake) {
  body(b)->ApplyLinearImpulse(b2Vec2(ix, iy), b2Vec2(px, py), wake != 0);
}

void cb2_body_apply_torque(CB2Body *b, float torque, int wake) { body(b)->ApplyTorque(torque, wake != 0); }

int cb2_body_contact_began(const CB2Body *b) {
  const ContactFlags *f = flags(const_cast<b2Body *>(body(b)));
  return f ? f->began : 0;
}

int cb2_body_in_contact(const CB2Body *b) {
  const ContactFlags *f = flags(const_cast<b2Body *>(body(b)));
  return f ? f->touching : 0;
}

void cb2_body_clear_contacts(CB2Body *b) {
  if (ContactFlags *f = flags(body(b))) *f = ContactFlags();
}

CB2Joint *cb2_revolute_joint_create(CB2World *w, CB2Body *a, CB2Body *b, float anchor_ax, float anchor_ay,
                                    float anchor_bx, float anchor_by, float reference_angle, int enable_motor,
                                    float max_motor_torque, float motor_speed, int enable_limit, float lower_angle,
                                    float upper_angle) {
  b2RevoluteJointDef def;
  def.bodyA = body(a);
  def.bodyB = body(b);
  def.localAnchorA.Set(anchor_ax, anchor_ay);
  def.localAnchorB.Set(anchor_bx, anchor_by);
  def.referenceAngle = reference_angle;
  def.enableMotor = enable_motor != 0;
  def.maxMotorTorque = max_motor_torque;
  def.motorSpeed = motor_speed;
  def.enableLimit = enable_limit != 0;
  def.lowerAngle = lower_angle;
  def.upperAngle = upper_angle;
  return reinterpret_cast<CB2Joint *>(world(w)->CreateJoint(&def));
}

void cb2_revolute_joint_set_motor(CB2Joint *j, float speed, float max_torque) {
  joint(j)->SetMotorSpeed(speed);
  joint(j)->SetMaxMotorTorque(max_torque);
}

float cb2_revolute_joint_angle(const CB2Joint *j) { return joint(j)->GetJointAngle(); }

float cb2_revolute_joint_speed(const CB2Joint *j) { return joint(j)->GetJointSpeed(); }

}  // extern "C"
