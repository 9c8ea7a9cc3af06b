// Needs surveys: questionnaires, responses, results (skeleton).
#include "hub/survey_service.h"

namespace shuniu::hub {

SurveyService::SurveyService(const Deps& deps) : d_(deps) {}

Status SurveyService::LoadDemo(const Principal&) { return Status::Ok(); }

}  // namespace shuniu::hub
