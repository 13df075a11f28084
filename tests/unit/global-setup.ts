import { useTempRoot } from '../temp-root'

export default function setup(): () => void {
  return useTempRoot('atlas-vitest-')
}
