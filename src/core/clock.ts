/** The time, as the app's one clock tells it; injectable so any part can stand anywhere in time. */
export type Clock = () => Date;
