export class Ros2Context {
  static async create(_args: string[]): Promise<never> {
    throw new Error('not yet');
  }
}
