// HTTP handler for reading the audit log.
#pragma once

#include "audit/audit_service.h"
#include "http/http.h"

namespace shuniu::audit::routes {

http::Handler ListEvents(AuditService& s);

}  // namespace shuniu::audit::routes
