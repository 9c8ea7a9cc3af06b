// Hubs and incubation bases, residency agreements and the incubation log (skeleton).
#include "hub/base_service.h"

namespace shuniu::hub {

BaseService::BaseService(const Deps& deps) : d_(deps) {}

Status BaseService::LoadDemo(const Principal&) { return Status::Ok(); }

}  // namespace shuniu::hub
