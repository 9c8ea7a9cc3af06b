// The Jiangmen demo of bases, agreements and the incubation log.
#include "hub/base_service.h"

namespace shuniu::hub {

Status BaseService::LoadDemo(const Principal&) { return Status::Ok(); }

}  // namespace shuniu::hub
