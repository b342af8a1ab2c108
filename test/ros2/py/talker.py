"""rclpy talker: std_msgs/String on the topic given, 10 Hz."""
import sys
import rclpy
from rclpy.node import Node
from std_msgs.msg import String

rclpy.init()
node = Node('rclpy_talker')
pub = node.create_publisher(String, sys.argv[1], 10)
count = 0
def tick():
    global count
    count += 1
    pub.publish(String(data=f'hello from rclpy {count}'))
node.create_timer(0.1, tick)
print('talking', flush=True)
rclpy.spin(node)
