/* Catalogue loading, shared by render.c and i18n.c only (the lookup,
 * vv_i18n_get, is declared in core.h). */
#ifndef VV_I18N_H
#define VV_I18N_H

/* Loads xsl_dir/i18n/{fi,sv,en}.xml into worker-lifetime tables, replacing
 * any loaded before. Every catalogue must exist and parse. 0 or VV_ERR
 * (logged; nothing stays loaded then). */
int vv_i18n_load(const char *xsl_dir);
/* Frees the tables; safe to call when nothing is loaded. */
void vv_i18n_free(void);

#endif
