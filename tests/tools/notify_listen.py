"""The service manager's end of sd_notify for tests: binds a unix datagram
socket at argv[1] and prints each message received on one line ('\n' within
a message as '|'), until STOPPING=1 or argv[2] seconds without one."""
import socket
import sys

sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sys.argv[1])
sock.settimeout(float(sys.argv[2]) if len(sys.argv) > 2 else 60.0)
print("listening", flush=True)
while True:
    try:
        data = sock.recv(4096)
    except socket.timeout:
        break
    print(data.decode().replace("\n", "|"), flush=True)
    if data.startswith(b"STOPPING=1"):
        break
