// Cadre liaison: visits and contacts, workload (skeleton).
#pragma once

#include "core/principal.h"
#include "hub/deps.h"

namespace shuniu::hub {

class LiaisonService {
 public:
  explicit LiaisonService(const Deps& deps);

  // Adds this capability's part of the Jiangmen demo (idempotent).
  Status LoadDemo(const Principal& cli);

 private:
  Deps d_;
};

}  // namespace shuniu::hub
