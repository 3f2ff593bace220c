// Configuration objects of an application (watermark pictures, recognition vocabularies): kept
// until deleted, by the API or by the control surface standing in for the console.

/** What every kind of configuration object has: its application and its id. */
export interface AppObject<Id extends number | string> {
  sdkAppId: number;
  id: Id;
}

export class ObjectStore<Id extends number | string, R extends AppObject<Id>> {
  private readonly objects = new Map<Id, R>();
  private count = 0;

  /** `makeId` gives the n-th id (from 0), so ids are deterministic and never reused. */
  constructor(private readonly makeId: (n: number) => Id) {}

  create(init: Omit<R, "id">): R {
    const object = { ...init, id: this.makeId(this.count++) } as R;
    this.objects.set(object.id, object);
    return object;
  }

  /** The object of that id, if it is the application's. */
  get(sdkAppId: number, id: Id): R | undefined {
    const object = this.objects.get(id);
    return object?.sdkAppId === sdkAppId ? object : undefined;
  }

  /** The application's objects, oldest first. */
  of(sdkAppId: number): R[] {
    return this.list().filter((o) => o.sdkAppId === sdkAppId);
  }

  list(): R[] {
    return [...this.objects.values()];
  }

  /** Sets the values given (undefined ones are left as they are). */
  modify(object: R, changes: Partial<Omit<R, "id" | "sdkAppId">>): R {
    Object.assign(object, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
    return object;
  }

  delete(object: R): void {
    this.objects.delete(object.id);
  }

  clear(): void {
    this.restore({ count: 0, objects: [] });
  }

  snapshot(): ObjectsSnapshot<R> {
    return { count: this.count, objects: this.list() };
  }

  /** With the count of ids given, so a restarted emulator never gives an id twice. */
  restore(snapshot: ObjectsSnapshot<R>): void {
    this.objects.clear();
    for (const object of snapshot.objects) this.objects.set(object.id, object);
    this.count = snapshot.count;
  }
}

export interface ObjectsSnapshot<R> {
  count: number;
  objects: R[];
}
