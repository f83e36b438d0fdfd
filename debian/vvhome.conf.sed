# The packaged /etc/vvhome/vvhome.conf: the example with the package's paths.
s|^# This is the production example.*|# Installed by the vvhome package as a conffile (dpkg keeps your changes on|
s|^# PREFIX/share/vvhome/conf. Copy it to /etc/vvhome/vvhome.conf and adapt.|# upgrade). The example it came from: /usr/share/vvhome/conf/vvhome.conf.|
