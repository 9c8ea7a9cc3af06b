// Trainings, field visits and study trips: enrolment, check-in, feedback (skeleton).
#include "hub/training_service.h"

namespace shuniu::hub {

TrainingService::TrainingService(const Deps& deps) : d_(deps) {}

Status TrainingService::LoadDemo(const Principal&) { return Status::Ok(); }

}  // namespace shuniu::hub
