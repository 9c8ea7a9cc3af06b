// The trainings part of the Jiangmen demo.
#include "hub/training_service.h"

namespace shuniu::hub {

Status TrainingService::LoadDemo(const Principal&) { return Status::Ok(); }

}  // namespace shuniu::hub
