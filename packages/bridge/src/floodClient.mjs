// Child process of the flood benchmark (an attacker beside the robot): registers tsx, runs floodClient.ts.
import { register } from 'tsx/esm/api';

register();
await import('./floodClient.ts');
