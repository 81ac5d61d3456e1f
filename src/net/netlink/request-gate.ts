// Keeps dumps apart on the command socket. The kernel runs one dump per socket at a time (a second one gets
// EBUSY), and it produces a dump's later parts only as we read, so the reply to any request sent meanwhile lands
// between the parts and the netlink package then cuts the dump short ("Multipart message not terminated
// properly"). So a dump waits until nothing else is in flight and runs alone, while other requests still
// pipeline freely with each other. First come, first served: nothing overtakes a waiting dump, and requests
// start (are sent) in the order they were made.
export class RequestGate {
  private shared = 0;
  private exclusive = false;
  private readonly waiting: Array<{ exclusive: boolean; start: () => void }> = [];

  run<T>(exclusive: boolean, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        if (exclusive) this.exclusive = true;
        else this.shared++;
        task().then(resolve, reject).finally(() => {
          if (exclusive) this.exclusive = false;
          else this.shared--;
          this.pump();
        });
      };
      if (this.waiting.length === 0 && this.canStart(exclusive)) start();
      else this.waiting.push({ exclusive, start });
    });
  }

  private canStart(exclusive: boolean): boolean {
    return !this.exclusive && (!exclusive || this.shared === 0);
  }

  private pump(): void {
    while (this.waiting.length > 0 && this.canStart(this.waiting[0].exclusive)) this.waiting.shift()?.start();
  }
}
