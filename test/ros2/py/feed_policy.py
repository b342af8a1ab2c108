"""A foreign ROS 2 driver written with rclpy: publishes a LaserScan, an rgb8 Image and an instruction
(the frames are read from a JSON file) at 10 Hz, and prints the first goal_pose it gets back."""
import base64, json, sys, time
import rclpy
from rclpy.node import Node
from rclpy.qos import qos_profile_sensor_data
from geometry_msgs.msg import PoseStamped
from sensor_msgs.msg import Image, LaserScan
from std_msgs.msg import String

frames = json.load(open(sys.argv[1]))
instruction = sys.argv[2]
rclpy.init()
node = Node('foreign_driver')
scan_pub = node.create_publisher(LaserScan, 'scan', qos_profile_sensor_data)
image_pub = node.create_publisher(Image, 'camera/image_raw', qos_profile_sensor_data)
instr_pub = node.create_publisher(String, 'instruction', 10)
goals = []
node.create_subscription(PoseStamped, 'goal_pose', goals.append, 10)

s, i = frames['scan'], frames['image']
scan = LaserScan()
scan.header.frame_id = s['frame_id']
scan.angle_min, scan.angle_max, scan.angle_increment = float(s['angle_min']), float(s['angle_max']), float(s['angle_increment'])
scan.range_min, scan.range_max = float(s['range_min']), float(s['range_max'])
scan.ranges = [float(r) for r in s['ranges']]
image = Image()
image.header.frame_id = i['frame_id']
image.width, image.height, image.step, image.encoding = i['width'], i['height'], i['step'], i['encoding']
image.data = base64.b64decode(i['data'])

t0 = time.time()
# Until a goal that goes somewhere (a search may first turn in place), or 40 s.
while not any(abs(g.pose.position.x) + abs(g.pose.position.y) > 0.01 for g in goals) and time.time() - t0 < 40:
    if instr_pub.get_subscription_count() > 0 and int((time.time() - t0) * 10) % 20 == 0:
        instr_pub.publish(String(data=instruction))
    stamp = node.get_clock().now().to_msg()
    scan.header.stamp = stamp
    image.header.stamp = stamp
    scan_pub.publish(scan)
    image_pub.publish(image)
    rclpy.spin_once(node, timeout_sec=0.1)
for g in goals:
    print(f'GOAL frame={g.header.frame_id} x={g.pose.position.x} y={g.pose.position.y}', flush=True)
else:
    print('NO GOAL', flush=True)
node.destroy_node()
rclpy.shutdown()
