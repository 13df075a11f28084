// One line of feedback that is not tied to a page, e.g. a link the system refused to open.
export class Notices {
  message = $state<string | null>(null)

  show(message: string): void {
    this.message = message
  }

  dismiss(): void {
    this.message = null
  }
}
