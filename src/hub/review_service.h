// Annual review (年审) and public disclosure (skeleton).
#pragma once

#include "core/principal.h"
#include "hub/deps.h"

namespace shuniu::hub {

class ReviewService {
 public:
  explicit ReviewService(const Deps& deps);

  // Adds this capability's part of the Jiangmen demo (idempotent).
  Status LoadDemo(const Principal& cli);

 private:
  Deps d_;
};

}  // namespace shuniu::hub
