"""rclpy listener: prints each std_msgs/String heard on the topic given."""
import sys
import rclpy
from rclpy.node import Node
from std_msgs.msg import String

rclpy.init()
node = Node('rclpy_listener')
node.create_subscription(String, sys.argv[1], lambda m: print(f'HEARD {m.data}', flush=True), 10)
print('listening', flush=True)
rclpy.spin(node)
