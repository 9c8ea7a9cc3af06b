// Annual review (年审) and public disclosure (skeleton).
#include "hub/review_service.h"

namespace shuniu::hub {

ReviewService::ReviewService(const Deps& deps) : d_(deps) {}

Status ReviewService::LoadDemo(const Principal&) { return Status::Ok(); }

}  // namespace shuniu::hub
