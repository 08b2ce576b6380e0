import ArgumentParser
import PlaneKit

extension PullPolicy: ExpressibleByArgument {}
