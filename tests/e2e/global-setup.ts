import { useTempRoot } from '../temp-root'

// Playwright runs the function a global setup returns as its teardown.
export default function setup(): () => void {
  return useTempRoot('atlas-playwright-')
}
