#!/usr/bin/env python3
# A stand-in for any ROS 2 executable, for comparing `navstack launch --print` with the real `ros2 launch`:
# it records what launch_ros passed it (argv, the content of every params file, as launch_ros wrote it)
# into $NAVSTACK_ORACLE_DIR, then waits to be stopped. Run as a component container
# (component_container*, or a pkg/exec listed in NAVSTACK_ORACLE_CONTAINERS), it also serves ~/_container/load_node and records each LoadNode request.
import json
import os
import signal
import sys
import time

import yaml


class _Loader(yaml.SafeLoader):
    pass


# launch_ros writes parameter lists with yaml.dump, which tags tuples
_Loader.add_constructor('tag:yaml.org,2002:python/tuple', lambda loader, node: loader.construct_sequence(node))


def encode(v):
    """JSON with floats kept apart from ints."""
    if isinstance(v, bool) or v is None or isinstance(v, str) or isinstance(v, int):
        return v
    if isinstance(v, float):
        return {'float': repr(v)}
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        return {str(k): encode(x) for k, x in v.items()}
    return {'unknown': repr(v)}


def write(record):
    out = os.environ['NAVSTACK_ORACLE_DIR']
    name = os.path.join(out, '%d-%d.json' % (os.getpid(), time.monotonic_ns()))
    with open(name + '.tmp', 'w') as f:
        json.dump(record, f)
    os.rename(name + '.tmp', name)


def params_files(argv):
    files = {}
    for i, a in enumerate(argv[:-1]):
        if a == '--params-file':
            path = argv[i + 1]
            try:
                with open(path) as f:
                    files[path] = encode(yaml.load(f, Loader=_Loader))
            except Exception as e:  # recorded, compared like any other difference
                files[path] = {'error': str(e)}
    return files


def main():
    exe = os.path.abspath(sys.argv[0])
    pkg = os.path.basename(os.path.dirname(exe))
    argv = sys.argv[1:]
    # a container the harness started for loads into a container the launch file does not start itself
    if os.environ.get('NAVSTACK_ORACLE_EXTERNAL') != '1':
        write({'kind': 'process', 'pkg': pkg, 'exec': os.path.basename(exe), 'argv': argv, 'files': params_files(argv)})
    stop = []
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    containers = os.environ.get('NAVSTACK_ORACLE_CONTAINERS', '').split(',')
    if os.path.basename(exe).startswith('component_container') or '%s/%s' % (pkg, os.path.basename(exe)) in containers:
        serve_container(argv, stop)
    while not stop:
        time.sleep(0.05)


def param_value(p):
    from rcl_interfaces.msg import ParameterType as T
    v = p.value
    t = v.type
    if t == T.PARAMETER_BOOL:
        return v.bool_value
    if t == T.PARAMETER_INTEGER:
        return v.integer_value
    if t == T.PARAMETER_DOUBLE:
        return {'float': repr(v.double_value)}
    if t == T.PARAMETER_STRING:
        return v.string_value
    if t == T.PARAMETER_BOOL_ARRAY:
        return list(v.bool_array_value)
    if t == T.PARAMETER_INTEGER_ARRAY:
        return list(v.integer_array_value)
    if t == T.PARAMETER_DOUBLE_ARRAY:
        return [{'float': repr(x)} for x in v.double_array_value]
    if t == T.PARAMETER_STRING_ARRAY:
        return list(v.string_array_value)
    return {'type': t}


def serve_container(argv, stop):
    import rclpy
    from composition_interfaces.srv import LoadNode
    rclpy.init(args=[sys.argv[0]] + argv)
    node = rclpy.create_node('component_container')
    loaded = [0]

    def load(req, res):
        loaded[0] += 1
        write({
            'kind': 'load',
            'container': node.get_fully_qualified_name(),
            'pkg': req.package_name,
            'plugin': req.plugin_name,
            'name': req.node_name,
            'namespace': req.node_namespace,
            'remaps': list(req.remap_rules),
            'params': [[p.name, param_value(p)] for p in req.parameters],
            'extra': [[p.name, param_value(p)] for p in req.extra_arguments],
        })
        res.success = True
        ns = req.node_namespace or '/'
        res.full_node_name = (ns.rstrip('/') + '/' + (req.node_name or 'component')).replace('//', '/')
        res.unique_id = loaded[0]
        return res

    node.create_service(LoadNode, '~/_container/load_node', load)
    while not stop and rclpy.ok():
        rclpy.spin_once(node, timeout_sec=0.05)
    node.destroy_node()
    rclpy.try_shutdown()


if __name__ == '__main__':
    main()
