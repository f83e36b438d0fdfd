#ifndef VVCTL_CHECKCONF_H
#define VVCTL_CHECKCONF_H
/* Replaces this process with `vvhomed -c conf --check` (the vvhomed beside
 * this vvctl); returns 1 only when that cannot run. */
int vv_vvctl_check_config(const char *conf);
#endif
