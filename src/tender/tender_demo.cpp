// The Jiangmen demo of the public tender (see LoadDemo below).
#include "tender/tender_service.h"

namespace shuniu::tender {

Status TenderService::LoadDemo(const Principal& cli) {
  (void)cli;
  return Status::Ok();
}

}  // namespace shuniu::tender
