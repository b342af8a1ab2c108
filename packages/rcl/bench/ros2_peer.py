"""rclpy side of navstack's ROS 2 transport benchmark (packages/rcl/src/ros2/bench.ts).
usage: ros2_peer.py pub|sub scan|image TOPIC COUNT RATE_HZ BURST
A publisher stamps header.stamp with its send time (CLOCK_REALTIME); a subscriber prints one JSON line
with the latency of every timed message and the arrival times of the burst (frame_id 'burst')."""
import json, sys, time
import rclpy
from rclpy.node import Node
from sensor_msgs.msg import Image, LaserScan

role, kind, topic, count, rate, burst = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
Msg = LaserScan if kind == 'scan' else Image
rclpy.init()
node = Node(f'bench_{role}_py')

def make():
    if kind == 'scan':
        m = LaserScan()
        m.angle_min, m.angle_max, m.angle_increment, m.range_min, m.range_max = -3.14159, 3.12414, 0.0174533, 0.12, 12.0
        m.ranges = [1.0] * 360
    else:
        m = Image()
        m.height, m.width, m.encoding, m.step = 480, 640, 'rgb8', 1920
        m.data = bytes(640 * 480 * 3)
    return m

def stamp(m, frame):
    t = time.time_ns()
    m.header.stamp.sec, m.header.stamp.nanosec = t // 1_000_000_000, t % 1_000_000_000
    m.header.frame_id = frame

if role == 'pub':
    pub = node.create_publisher(Msg, topic, 10)
    while pub.get_subscription_count() == 0:
        rclpy.spin_once(node, timeout_sec=0.05)
    time.sleep(0.5)
    m = make()
    for i in range(count):
        stamp(m, 'timed')
        pub.publish(m)
        time.sleep(1.0 / rate)
    for i in range(burst):
        stamp(m, 'burst')
        pub.publish(m)
    time.sleep(1.0)
else:
    lat, arrivals = [], []
    def on_msg(m):
        now = time.time_ns()
        sent = m.header.stamp.sec * 1_000_000_000 + m.header.stamp.nanosec
        if m.header.frame_id == 'burst':
            arrivals.append(now / 1e9)
        else:
            lat.append((now - sent) / 1e6)
    node.create_subscription(Msg, topic, on_msg, 10)
    print('ready', flush=True)
    last = time.time()
    seen = 0
    while time.time() - last < 3.0 and len(lat) + len(arrivals) < count + burst:
        rclpy.spin_once(node, timeout_sec=0.1)
        if len(lat) + len(arrivals) != seen:
            seen, last = len(lat) + len(arrivals), time.time()
    print(json.dumps({'latencyMs': lat, 'burstArrivals': arrivals}), flush=True)
node.destroy_node()
rclpy.shutdown()
