/* Plugin "recordings" (Muokkaa kalenterin nauhoituksia, R-RE-1..4): the
 * staff's list of YouTube recordings in customers' calendars, the add form
 * and Poista. Internal to the plugin (plugin.c, form.c, youtube.c). Every
 * function works on the tenant of the session. */
#ifndef VV_RECORDINGS_H
#define VV_RECORDINGS_H

#include <stdbool.h>
#include <stdint.h>
#include <vv/vv.h>

#define VV_RECORDINGS_TITLE_MAX 200 /* characters: recordings.title */
#define VV_YOUTUBE_ID_LEN 11

/* Handlers. */
int vv_recordings_list(vv_req_t *r);        /* plugin.c */
int vv_recordings_delete_form(vv_req_t *r); /* plugin.c */
int vv_recordings_delete_post(vv_req_t *r); /* plugin.c */
int vv_recordings_new_form(vv_req_t *r);    /* form.c */
int vv_recordings_new_post(vv_req_t *r);    /* form.c */

/* Reduces what a user typed into `Tai syötä Youtube-videon ID` to the
 * video id: the id itself, or a YouTube address of a common form
 * (youtube.com/watch?v=ID, youtu.be/ID, /embed/, /shorts/, /live/, /v/,
 * youtube-nocookie.com/embed/ID; www., m. and music. hosts; with or
 * without http(s)://). s must be trimmed. Writes the 11 characters and a
 * NUL to id and returns 0; VV_INVALID for anything else, including other
 * hosts and schemes. */
int vv_recordings_youtube_id(const char *s, char id[VV_YOUTUBE_ID_LEN + 1]);

#endif
