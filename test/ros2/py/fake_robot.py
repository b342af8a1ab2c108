"""A foreign robot driver in rclpy: /odom and /tf (odom -> base_link, driving a slow circle), /tf_static
(base_link -> laser), /scan (a round room of radius 2 m) and /diagnostics, at 10 Hz."""
import math
import rclpy
from rclpy.node import Node
from rclpy.qos import QoSProfile, DurabilityPolicy, qos_profile_sensor_data
from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus
from geometry_msgs.msg import TransformStamped
from nav_msgs.msg import Odometry
from sensor_msgs.msg import LaserScan
from tf2_msgs.msg import TFMessage

rclpy.init()
node = Node('rclpy_fake_robot')
odom_pub = node.create_publisher(Odometry, 'odom', 10)
tf_pub = node.create_publisher(TFMessage, '/tf', 10)
static_pub = node.create_publisher(TFMessage, '/tf_static', QoSProfile(depth=1, durability=DurabilityPolicy.TRANSIENT_LOCAL))
scan_pub = node.create_publisher(LaserScan, 'scan', qos_profile_sensor_data)
diag_pub = node.create_publisher(DiagnosticArray, 'diagnostics', 10)

laser = TransformStamped()
laser.header.frame_id, laser.child_frame_id = 'base_link', 'laser'
laser.transform.translation.z = 0.2
laser.transform.rotation.w = 1.0
static_pub.publish(TFMessage(transforms=[laser]))
t = 0.0

def tick():
    global t
    t += 0.1
    stamp = node.get_clock().now().to_msg()
    x, y, yaw = 0.5 * math.cos(0.2 * t), 0.5 * math.sin(0.2 * t), 0.2 * t + math.pi / 2
    tf = TransformStamped()
    tf.header.stamp, tf.header.frame_id, tf.child_frame_id = stamp, 'odom', 'base_link'
    tf.transform.translation.x, tf.transform.translation.y = x, y
    tf.transform.rotation.z, tf.transform.rotation.w = math.sin(yaw / 2), math.cos(yaw / 2)
    tf_pub.publish(TFMessage(transforms=[tf]))
    o = Odometry()
    o.header.stamp, o.header.frame_id, o.child_frame_id = stamp, 'odom', 'base_link'
    o.pose.pose.position.x, o.pose.pose.position.y = x, y
    o.pose.pose.orientation = tf.transform.rotation
    odom_pub.publish(o)
    s = LaserScan()
    s.header.stamp, s.header.frame_id = stamp, 'laser'
    s.angle_min, s.angle_max, s.angle_increment = -math.pi, math.pi - math.pi / 180, math.pi / 180
    s.range_min, s.range_max = 0.1, 8.0
    s.ranges = [2.0] * 360
    scan_pub.publish(s)
    d = DiagnosticArray()
    d.header.stamp = stamp
    d.status = [DiagnosticStatus(level=DiagnosticStatus.OK, name='rclpy_fake_robot: base', message='driving a circle', hardware_id='rclpy')]
    diag_pub.publish(d)

node.create_timer(0.1, tick)
print('driving', flush=True)
rclpy.spin(node)
