/** A list that forgets its oldest entries beyond a capacity (completed tasks and frameworks). */
export class BoundedList<T> {
  private items: T[] = [];

  constructor(private readonly capacity: number) {}

  push(item: T): void {
    if (this.capacity <= 0) return;
    this.items.push(item);
    if (this.items.length > this.capacity * 2) this.items = this.items.slice(-this.capacity);
  }

  values(): T[] {
    return this.items.length > this.capacity ? this.items.slice(-this.capacity) : [...this.items];
  }

  find(predicate: (item: T) => boolean): T | undefined {
    return this.values().find(predicate);
  }
}
