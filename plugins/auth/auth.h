/* Plugin "auth": internal to the plugin, shared between auth.c (sign-in,
 * sign-out, login links) and password.c (a staff member's own password). */
#ifndef VV_AUTH_PLUGIN_H
#define VV_AUTH_PLUGIN_H

#include <vv/vv.h>

/* Vaihda salasana: GET the form, POST the change (staff only). */
int vv_auth_password_form(vv_req_t *r);
int vv_auth_password_post(vv_req_t *r);

#endif
