// Joint meetings: invitations, attendance, minutes, resolutions (skeleton).
#include "hub/meeting_service.h"

namespace shuniu::hub {

MeetingService::MeetingService(const Deps& deps) : d_(deps) {}

Status MeetingService::LoadDemo(const Principal&) { return Status::Ok(); }

}  // namespace shuniu::hub
