/* The page frame's plugin parts (frame.c): the menu and the page-wide
 * parts, as the stylesheet layout.xsl includes from "vvhome:frame". */
#ifndef VV_RENDER_FRAME_H
#define VV_RENDER_FRAME_H

/* Answers "vvhome:frame" from now on, from the plugins loaded when a
 * stylesheet is compiled; xsl_dir is where the parts' stylesheets are. */
int vv_frame_init(const char *xsl_dir);
void vv_frame_fini(void);

#endif
