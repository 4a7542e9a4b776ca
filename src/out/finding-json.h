/* One finding as a JSON object: id, severity, title, evidence, fix, source,
 * and file/line/column when the finding is about a place in a file. Fields
 * that are not set are written as null, so the keys are always present. */
#ifndef HEADROOM_FINDING_JSON_H
#define HEADROOM_FINDING_JSON_H

#include "finding.h"
#include "out/json.h"

void finding_json(struct json *j, const struct finding *f);
/* The same members without the braces, for callers that add their own
 * (`config lint` adds "message"). */
void finding_json_members(struct json *j, const struct finding *f);

#endif
