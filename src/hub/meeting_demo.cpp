// The meetings part of the Jiangmen demo.
#include "hub/meeting_service.h"

namespace shuniu::hub {

Status MeetingService::LoadDemo(const Principal&) { return Status::Ok(); }

}  // namespace shuniu::hub
