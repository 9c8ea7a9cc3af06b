// Appending an audit event whose payload is already JSON text.
#pragma once

#include <string>

#include "core/principal.h"
#include "db/database.h"

namespace shuniu::audit {

// AuditService::Record with the "after" payload already serialized (valid JSON
// text, stored and hashed as given): for payloads built in bulk, e.g. an
// import's batch of new organizations, without a JSON tree per item.
Status RecordSerialized(db::Conn& c, const RequestContext& ctx, std::string action,
                        std::string object_type, std::string object_id, std::string region_code,
                        std::string after_json);

}  // namespace shuniu::audit
