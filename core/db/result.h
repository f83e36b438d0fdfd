/* The buffered result of a query, shared by db.c, which fills it, and
 * result.c, which reads it. Not part of the plugin API: plugins see
 * vv_db_res_t only through the getters in vv/db.h. */
#ifndef VV_DB_RESULT_H
#define VV_DB_RESULT_H

#include <stdint.h>

struct vv_db_res {
	unsigned ncols;
	uint64_t nrows;
	uint64_t cur;     /* 1-based index of the current row; 0 before the first */
	const char **cells; /* nrows * ncols, row-major; NULL for SQL NULL */
};

#endif
