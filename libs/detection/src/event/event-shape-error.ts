/** Why an event could not be seen in its shape: the reason its dead letter carries. */
export class EventShapeError extends Error {}
