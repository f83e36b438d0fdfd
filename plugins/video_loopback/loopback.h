/* Internals of the loopback adapter (plugins/video_loopback): loopback.c
 * (rooms, joining, control) and recordings.c (its stand-in recordings).
 * Nothing here is public. */
#ifndef VV_VIDEO_LOOPBACK_H
#define VV_VIDEO_LOOPBACK_H

#include <vv/vv.h>

/* The recording members of the loopback vv_video_ops (see vv/video.h). */
int vv_video_loopback_recordings(vv_req_t *r, const struct vv_video_room *room,
				 struct vv_video_recordings *out);
int vv_video_loopback_convert(vv_req_t *r, const struct vv_video_room *room);
int vv_video_loopback_join_recordings(vv_req_t *r, const struct vv_video_room *room,
				      const struct vv_video_recording *picture,
				      const struct vv_video_recording *sound, const char **out);
int vv_video_loopback_send_recording(vv_req_t *r, const struct vv_video_room *room, const char *name);

#endif
