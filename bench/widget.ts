export interface WidgetReport {
  todo: true;
}
export function measureWidget(_quick: boolean): Promise<WidgetReport> {
  return Promise.resolve({ todo: true });
}
export function printWidget(_report: WidgetReport): void {}
