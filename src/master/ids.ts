// Ids the master hands out, as Mesos makes them: the master's run id, then a
// letter and a counter. The run id is new at every start, so ids never repeat
// across restarts.
import { randomUUID } from 'node:crypto';

export class IdGenerator {
  readonly masterId: string;
  private frameworks = 0;
  private agents = 0;
  private offers = 0;

  constructor(masterId: string = randomUUID()) {
    this.masterId = masterId;
  }

  framework(): string {
    return `${this.masterId}-${String(this.frameworks++).padStart(4, '0')}`;
  }

  agent(): string {
    return `${this.masterId}-S${this.agents++}`;
  }

  offer(): string {
    return `${this.masterId}-O${this.offers++}`;
  }
}
