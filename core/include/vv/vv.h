/* vvhome public plugin API: the one header a plugin includes.
 *
 * Everything a plugin may call lives under vv/ and is prefixed vv_.
 * Return codes: 0 is success, negative is failure (VV_ERR...). A route
 * handler returns the HTTP status it wants (200, 303, 404, ...). */
#ifndef VV_VV_H
#define VV_VV_H

#include <stddef.h>
#include <stdint.h>

#define VV_OK 0
#define VV_ERR (-1)
#define VV_NOTFOUND (-2)
#define VV_FORBIDDEN (-3)
#define VV_INVALID (-4)
#define VV_CONFLICT (-5)
#define VV_UNAVAILABLE (-6)

#include "vv/arena.h"
#include "vv/log.h"
#include "vv/conf.h"
#include "vv/req.h"
#include "vv/xml.h"
#include "vv/db.h"
#include "vv/plugin.h"
#include "vv/crypto.h"
#include "vv/auth.h"
#include "vv/tenant.h"
#include "vv/video.h"
#include "vv/uuid.h"
#include "vv/form.h"
#include "vv/time.h"
#include "vv/changes.h"
#include "vv/access.h"
#include "vv/metrics.h"
#include "vv/care.h"
#include "vv/csv.h"
#include "vv/attendance.h"

#endif
