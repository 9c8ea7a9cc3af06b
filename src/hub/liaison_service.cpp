// Cadre liaison: visits and contacts, workload (skeleton).
#include "hub/liaison_service.h"

namespace shuniu::hub {

LiaisonService::LiaisonService(const Deps& deps) : d_(deps) {}

Status LiaisonService::LoadDemo(const Principal&) { return Status::Ok(); }

}  // namespace shuniu::hub
