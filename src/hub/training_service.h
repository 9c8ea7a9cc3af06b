// Trainings, field visits and study trips: enrolment, check-in, feedback (skeleton).
#pragma once

#include "core/principal.h"
#include "hub/deps.h"

namespace shuniu::hub {

class TrainingService {
 public:
  explicit TrainingService(const Deps& deps);

  // Adds this capability's part of the Jiangmen demo (idempotent).
  Status LoadDemo(const Principal& cli);

 private:
  Deps d_;
};

}  // namespace shuniu::hub
