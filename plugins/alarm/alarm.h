/* Plugin "alarm" (R-EN-4..6): the poll the customer's calendar asks every
 * few seconds whether an event the user is enrolled in is running. The
 * call page it sends them to is plugin "call". Internal to the plugin
 * (plugin.c, poll.c). */
#ifndef VV_ALARM_H
#define VV_ALARM_H

#include <vv/vv.h>

int vv_alarm_poll(vv_req_t *r); /* poll.c */

#endif
