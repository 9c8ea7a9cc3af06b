// Joint meetings: invitations, attendance, minutes, resolutions (skeleton).
#pragma once

#include "core/principal.h"
#include "hub/deps.h"

namespace shuniu::hub {

class MeetingService {
 public:
  explicit MeetingService(const Deps& deps);

  // Adds this capability's part of the Jiangmen demo (idempotent).
  Status LoadDemo(const Principal& cli);

 private:
  Deps d_;
};

}  // namespace shuniu::hub
