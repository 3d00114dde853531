# One TCP connection of many packets across a veth pair, for the attach tests: run in the server's
# network namespace, it captures every frame the interface receives (a packet socket), serves an
# echo, runs the client in the other namespace (nsenter), and prints the received frames in hex,
# one per line. Usage: tcp-exchange.py DEV ADDR PORT CLIENT_NETNS MESSAGES
import socket
import subprocess
import sys
import time

dev, addr, port, client_ns, messages = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
ETH_P_ALL = 3
capture = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
capture.bind((dev, 0))
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((addr, port))
server.listen(1)

# Each message waits for its echo, so no two segments arrive together to be merged.
CLIENT = """
import socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
for i in range(int(sys.argv[3])):
    s.sendall(b"p4flow!" * 10)
    got = b""
    while len(got) < 70:
        got += s.recv(70 - len(got))
s.close()
"""
client = subprocess.Popen(
    ["nsenter", "--net=/run/netns/" + client_ns, sys.executable, "-c", CLIENT, addr, str(port), messages]
)
conn, _ = server.accept()
conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
while True:
    data = conn.recv(4096)
    if not data:
        break
    conn.sendall(data)
conn.close()
if client.wait() != 0:
    sys.exit("the client failed")
time.sleep(0.5)
capture.setblocking(False)
frames = []
while True:
    try:
        data, where = capture.recvfrom(65535)
    except BlockingIOError:
        break
    if where[2] != socket.PACKET_OUTGOING:
        frames.append(data.hex())
sys.stdout.write("".join(f + "\n" for f in frames))
